// Every test server gets the same admin token and password, so helpers can act as admin by
// default; tests of access control pass their own credentials or none.
export const TEST_ADMIN_TOKEN = `lct_${'testadmintoken'.repeat(3)}`;
export const TEST_ADMIN = { email: 'admin@test.local', password: 'test-admin-password' };
export const adminEnv = {
  ADMIN_TOKEN: TEST_ADMIN_TOKEN,
  ADMIN_EMAIL: TEST_ADMIN.email,
  ADMIN_PASSWORD: TEST_ADMIN.password,
};
export const adminAuthorization = `Bearer ${TEST_ADMIN_TOKEN}`;
