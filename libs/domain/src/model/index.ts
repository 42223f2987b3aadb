export * from './records';
export * from './record-vocabulary';
