/** The inbox's public entry: modules notify through here. */
export { notify, usersWith, setOutboundGateway, type Notice, type OutboundGateway } from './service.js';
export { notificationRoutes } from './routes.js';
