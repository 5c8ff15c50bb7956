/** Fixed keys for tests, so a seeded template decrypts in every test database. Never used outside tests. */
export const TEST_FIELD_KEY = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
export const TEST_AUDIT_KEY = Buffer.from('0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0', 'hex');
