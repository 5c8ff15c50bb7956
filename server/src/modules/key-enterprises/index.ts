/** Key-enterprise lists' public entry: routes, the list write path (seed, console) and the banks' view of which chains they may see. */
export { keyEnterpriseRoutes } from './routes.js';
export { setChainGaps, setKeyList, type KeyListEntry } from './service.js';
export { bankChainIds } from './repo.js';
