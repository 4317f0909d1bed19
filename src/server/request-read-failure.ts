/**
 * The client-facing message for a request Fastify could not read (body parser or size limit), shared
 * by every route: a body over the limit names the limit; the JSON parser's own "The request body ..."
 * text is safe to show; anything else gets `fallback`, never the parser's detail.
 */
export function requestReadFailureMessage(status: number, error: Error, bodyLimitBytes: number, fallback: string): string {
  if (status === 413) return `The request body is larger than ${bodyLimitBytes} bytes.`;
  return error.message.startsWith('The request body') ? error.message : fallback;
}
