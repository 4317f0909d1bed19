/** Wire shapes of the VideoSDK v2 rooms API (`/v2/rooms`, `/v2/rooms/validate/{roomId}`). Only fields we read. */
export interface VideoSdkRoomDto {
  roomId: string;
  customRoomId?: string | null;
  disabled?: boolean;
  createdAt?: string;
  autoCloseConfig?: { type: string; duration: number } | null;
}

export interface CreateRoomBody {
  customRoomId?: string;
  autoCloseConfig?: { type: 'session-ends' | 'session-end-and-deactivate'; duration: number };
}

/**
 * Wire shapes of VideoSDK's v2 sessions API (moderation). Responses drift between the v2 names
 * (`id`, `roomId`, `customRoomId`) and the v1 ones (`_id`, `meetingId`, `userMeetingId`): both are read.
 */
export interface VideoSdkTimelogDto {
  start?: string | null;
  end?: string | null;
}

export interface VideoSdkSessionParticipantDto {
  /** The id from the participant's join token: the gateway's participant id. */
  participantId?: string;
  name?: string | null;
  /** One entry per stint in the session; the participant is connected while the last one has no `end`. */
  timelog?: VideoSdkTimelogDto[] | null;
  /** Media mode (`CONFERENCE`; other values are not documented). */
  mode?: string;
}

export interface VideoSdkSessionDto {
  id?: string;
  _id?: string;
  roomId?: string;
  meetingId?: string;
  customRoomId?: string | null;
  userMeetingId?: string | null;
  start?: string | null;
  end?: string | null;
  /** `ongoing` or `ended`. */
  status?: string;
  participants?: VideoSdkSessionParticipantDto[] | null;
}

export interface VideoSdkPageInfoDto {
  currentPage?: number;
  perPage?: number;
  lastPage?: number;
  total?: number;
}

/**
 * The page envelope of `GET /v2/sessions` (data: sessions) and of the participants endpoints (data:
 * an array holding the one session on `/participants/active`, the session object itself on `/participants`).
 */
export interface VideoSdkPageDto {
  pageInfo?: VideoSdkPageInfoDto | null;
  data?: VideoSdkSessionDto[] | VideoSdkSessionDto | null;
}
