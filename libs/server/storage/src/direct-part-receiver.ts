import { StorageError, type PartReceiver, type PartTargetCheck, type SignedPartQuery, type WrittenPart } from '@stowage/domain';

/**
 * The PartReceiver of a store that takes parts itself (S3: clients PUT to presigned URLs). The
 * server signs no part URLs then, so every target that reaches the API's part route is refused, in
 * the words a forged one gets from the filesystem's receiver.
 */
export const directPartReceiver: PartReceiver = {
  checkTarget(_reference: string, _partNumber: number, query: SignedPartQuery): PartTargetCheck {
    return { ok: false, reason: query.signature ? 'the upload URL signature is invalid' : 'the upload URL is not signed' };
  },
  receivePart(): Promise<WrittenPart> {
    return Promise.reject(new StorageError('UNKNOWN_UPLOAD', 'This store receives parts itself, not through the API'));
  },
};
