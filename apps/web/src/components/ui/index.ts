// The presentational kit, free of app state and API calls: ready to become `libs/ui` (`@stowage/ui`).
export * from './action-button';
export * from './action-form';
export * from './badge';
export * from './bar-chart';
export * from './button';
export * from './class-names';
export * from './confirm-dialog';
export * from './empty-state';
export * from './filter-field';
export * from './form-styles';
export * from './labelled-field';
export * from './notice';
export * from './tab-nav';
