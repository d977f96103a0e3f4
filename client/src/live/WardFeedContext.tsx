/**
 * Where ward feeds get their connection: a real Socket.IO one unless a provider says otherwise, so
 * page tests can drive a wall display with a fake transport instead of opening a socket.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { connectWardSocket, socketTransport } from './socket-transport';
import type { FeedTransport } from './ward-feed';

export type WardFeedConnector = () => FeedTransport;

const connectBySocket: WardFeedConnector = () => socketTransport(connectWardSocket());

const WardFeedContext = createContext<WardFeedConnector>(connectBySocket);

export function WardFeedProvider({ connect, children }: { connect: WardFeedConnector; children: ReactNode }) {
  return <WardFeedContext.Provider value={connect}>{children}</WardFeedContext.Provider>;
}

export function useWardFeedConnector(): WardFeedConnector {
  return useContext(WardFeedContext);
}
