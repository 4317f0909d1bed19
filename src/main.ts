import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/load-config.js';
import { createLogger } from './logger.js';
import { createGateway } from './server/create-gateway.js';
import { createGatewayServices } from './server/gateway-services.js';

/** The only place that reads process.env: configure, build, listen, and drain on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`callgate: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.server.logLevel);
  for (const notice of config.notices) logger.warn(notice);
  const services = createGatewayServices(config, logger);
  const gateway = await createGateway(services);
  const { port, address, adminPort, adminAddress } = await gateway.listen();
  logger.info(
    {
      port,
      address,
      ...(adminPort === undefined ? {} : { adminPort, adminAddress }),
      metricsOnMainPort: config.server.metricsOnMainPort,
      env: config.env,
      providers: {
        livekit: Boolean(config.livekit),
        openvidu: Boolean(config.openvidu),
        videosdk: Boolean(config.videosdk),
      },
      auth: config.auth.mode,
      policy: config.policySource,
      ...(config.trustedDocuments
        ? { trustedDocuments: { source: config.trustedDocuments.source, count: config.trustedDocuments.documents.size, only: config.trustedDocuments.only } }
        : {}),
      sharedState: services.sharedState.kind,
    },
    config.server.landingPage
      ? `callgate ready: Apollo Sandbox at http://localhost:${port}/graphql`
      : `callgate ready on port ${port}`,
  );

  let stopping = false;
  // The logger buffers lines (written synchronously in batches): flush the last ones before the process goes.
  const exit = (code: number) => logger.flush(() => process.exit(code));
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, deadlineMs: config.server.shutdownTimeoutMs }, 'shutting down: draining in-flight requests');
    // New connections are refused at once; requests already running get until the deadline.
    const deadline = setTimeout(() => {
      logger.error('shutdown deadline passed with requests still running; exiting');
      exit(1);
    }, config.server.shutdownTimeoutMs);
    deadline.unref();
    gateway.close().then(
      () => {
        logger.info('shutdown complete');
        exit(0);
      },
      (error: unknown) => {
        logger.error({ err: { message: (error as Error)?.message } }, 'error during shutdown');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
