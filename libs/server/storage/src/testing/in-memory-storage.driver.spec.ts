import { deliverThroughReceiver, describeStorageDriverContract } from '../storage-driver.contract';
import { InMemoryStorageDriver } from './in-memory-storage.driver';

// The fake use-case tests rely on, held to the drivers' contract in both of its modes.
describeStorageDriverContract('InMemoryStorageDriver (streamed, like the filesystem)', () => {
  const driver = new InMemoryStorageDriver({ mode: 'streamed' });
  return { driver, deliver: deliverThroughReceiver(driver), direct: false };
});

describeStorageDriverContract(
  'InMemoryStorageDriver (direct, like S3)',
  () => {
    const driver = new InMemoryStorageDriver({ mode: 'direct', partSize: 8 * 1024 * 1024 });
    // A client's PUT to the store's own URL: the fake receives it the same way.
    return { driver, deliver: deliverThroughReceiver(driver, { signed: false }), direct: true };
  },
  { largeUploadSize: 17 * 1024 * 1024 },
);
