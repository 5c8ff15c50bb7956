/** The users module's public entry: the one write path for accounts, its policy, and the routes. */
export { userRoutes } from './routes.js';
export { createUser, resetUserPassword, setUserDisabled, setUserRoles, unlockUser, updateUser } from './service.js';
export { canManageUser, userRefusal, type Operator, type UserAction } from './policy.js';
export { findUserRowByUsername, insertUser, roleIdByCode, unitIdByCode, type NewUser } from './repo.js';
