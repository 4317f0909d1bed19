import { ProviderError } from '../../errors/gateway-errors.js';
import type { VideoSdkRoomDto } from './videosdk.dto.js';

export interface MeetingRecord {
  meetingId: string;
  customMeetingId: string | null;
  disabled: boolean;
  createdAt: Date | null;
  autoCloseType: string | null;
  autoCloseMinutes: number | null;
}

export interface MeetingValidationRecord {
  meetingId: string;
  valid: boolean;
  disabled: boolean;
  meeting: MeetingRecord | null;
}

export function toMeetingRecord(dto: VideoSdkRoomDto): MeetingRecord {
  if (!dto || typeof dto.roomId !== 'string' || dto.roomId.length === 0) {
    throw new ProviderError('videosdk', 'The videosdk provider answered with an unexpected room shape.');
  }
  const createdAt = typeof dto.createdAt === 'string' ? new Date(dto.createdAt) : null;
  return {
    meetingId: dto.roomId,
    customMeetingId: typeof dto.customRoomId === 'string' && dto.customRoomId ? dto.customRoomId : null,
    disabled: dto.disabled === true,
    createdAt: createdAt && !Number.isNaN(createdAt.getTime()) ? createdAt : null,
    autoCloseType: dto.autoCloseConfig?.type ?? null,
    autoCloseMinutes: dto.autoCloseConfig?.duration ?? null,
  };
}
