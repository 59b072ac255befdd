// The recorder's public surface: the fold, its options, and a snapshot helper for comparing folds.
export { NetworkRecorder, type RecorderOptions } from './network-recorder.ts';
export { recorderSnapshot, type RecorderSnapshot } from './snapshot.ts';
export { originOf } from './url.ts';
export { streamFormatOf, type StreamFormat } from './stream-format.ts';
