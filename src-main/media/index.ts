// What hosts (serve's GET /media/<id>, Electron's encore-media:// protocol) need from media/.
export { resolveMediaPath, MediaRefused, type RefusalReason } from './resolve';
export { mediaResponse, type MediaResponse } from './response';
