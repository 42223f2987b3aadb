// The presentational kit, free of app state and API calls: ready to become `libs/ui` (`@stowage/ui`).
export * from './badge';
export * from './bar-chart';
export * from './button';
export * from './class-names';
export * from './empty-state';
export * from './format-bytes';
export * from './notice';
export * from './tab-nav';
