/** People: face clustering, user constraints and incremental assignment. */
export type { Assignments, ClusterFace, PersonId, UserConstraints } from '../domain/people';
export { noConstraints } from '../domain/people';
export type { Neighbour, NeighbourSource } from './neighbours';
export { exactNeighbours } from './neighbours';
export type { ClusterOptions, ReclusterResult } from './cluster';
export { clusterDefaults, clusterFaces, neighbourReach, reclusterWithConstraints } from './cluster';
export type { NeighbourReach, PrecomputeOptions } from './neighbour-table';
export { NeighbourTable, precomputeNeighbours } from './neighbour-table';
export type { ImmichDbscanOptions } from './immich-dbscan';
export { clusterFacesImmich, immichDefaults } from './immich-dbscan';
export { assignNewFaces } from './incremental';
