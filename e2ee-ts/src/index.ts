export * from './bytes.js';
export * from './curve.js';
export * from './devicelist.js';
export * from './errors.js';
export * from './group.js';
export * from './messages.js';
export * from './session.js';
export * from './sealed.js';
