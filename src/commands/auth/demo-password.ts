/**
 * The demo accounts' password. It is public (README, printed at start-up), so it is accepted only for the accounts
 * demo seeding creates in demo mode; every other account refuses it (passwordProblem).
 */
export const DEMO_PASSWORD = 'Demo-2019-doudi';
