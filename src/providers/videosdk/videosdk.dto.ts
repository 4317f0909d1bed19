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
