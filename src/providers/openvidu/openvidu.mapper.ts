import { ProviderError } from '../../errors/gateway-errors.js';
import type { OpenViduConnectionDto, OpenViduSessionDto } from './openvidu.dto.js';

export interface OpenViduSessionRecord {
  id: string;
  createdAt: Date;
  mediaMode: string;
  recordingMode: string;
  forcedVideoCodec: string | null;
  allowTranscoding: boolean;
  /** True when the session already existed (OpenVidu answered 409 for the custom id). */
  alreadyExisted: boolean;
}

export interface OpenViduConnectionRecord {
  id: string;
  sessionId: string;
  token: string;
  role: string;
  record: boolean;
  data: string;
  createdAt: Date;
}

const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

export function toSessionRecord(dto: OpenViduSessionDto, alreadyExisted: boolean): OpenViduSessionRecord {
  if (!dto || !isNonEmptyString(dto.id) || typeof dto.createdAt !== 'number') {
    throw new ProviderError('openvidu', 'The openvidu provider answered with an unexpected session shape.');
  }
  return {
    id: dto.id,
    createdAt: new Date(dto.createdAt),
    mediaMode: dto.mediaMode ?? 'ROUTED',
    recordingMode: dto.recordingMode ?? 'MANUAL',
    forcedVideoCodec: dto.forcedVideoCodec ?? null,
    allowTranscoding: dto.allowTranscoding ?? false,
    alreadyExisted,
  };
}

export function toConnectionRecord(dto: OpenViduConnectionDto): OpenViduConnectionRecord {
  if (!dto || !isNonEmptyString(dto.id) || !isNonEmptyString(dto.token) || !isNonEmptyString(dto.sessionId)) {
    throw new ProviderError('openvidu', 'The openvidu provider answered with an unexpected connection shape.');
  }
  return {
    id: dto.id,
    sessionId: dto.sessionId,
    token: dto.token,
    role: dto.role,
    record: dto.record,
    data: dto.serverData ?? '',
    createdAt: new Date(typeof dto.createdAt === 'number' ? dto.createdAt : Date.now()),
  };
}
