export {
  registerServiceWorker,
  applyUpdate,
  getPwaState,
  subscribePwaState,
  type PwaState,
  type PwaListener,
  type RegisterOptions,
} from './register-service-worker';
