export * from './principal';
export * from './access-policy';
