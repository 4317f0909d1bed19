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
