/** Wire shapes of the OpenVidu 2.x REST API (`/openvidu/api/sessions`, `.../connection`). Only fields we read. */
export interface OpenViduSessionDto {
  id: string;
  createdAt: number;
  mediaMode?: string;
  recordingMode?: string;
  forcedVideoCodec?: string;
  allowTranscoding?: boolean;
  customSessionId?: string;
}

export interface OpenViduConnectionDto {
  id: string;
  sessionId: string;
  createdAt: number;
  role: string;
  record: boolean;
  serverData?: string;
  token: string;
}

export interface CreateSessionBody {
  customSessionId?: string;
  mediaMode?: string;
  recordingMode?: string;
  forcedVideoCodec?: string;
  allowTranscoding?: boolean;
}

/** The gateway sends exactly these fields; nothing else from a client reaches OpenVidu. */
export interface CreateConnectionBody {
  type: 'WEBRTC';
  role: string;
  record?: boolean;
  data: string;
}

/** A stream a connection publishes (at most one per connection in OpenVidu 2). */
export interface OpenViduPublisherDto {
  streamId: string;
  createdAt?: number;
  mediaOptions?: {
    hasAudio?: boolean;
    audioActive?: boolean;
    hasVideo?: boolean;
    videoActive?: boolean;
    /** CAMERA, SCREEN, CUSTOM or IPCAM. */
    typeOfVideo?: string;
  };
}

/** A connection as `GET /sessions/{id}` lists it (only the fields moderation reads). */
export interface OpenViduSessionConnectionDto {
  id: string;
  status?: string;
  role?: string;
  activeAt?: number | null;
  serverData?: string;
  publishers?: OpenViduPublisherDto[] | null;
}

/** A session with its connections, as `GET /sessions/{id}` answers. */
export interface OpenViduSessionWithConnectionsDto extends OpenViduSessionDto {
  connections?: { content?: OpenViduSessionConnectionDto[] | null } | null;
}
