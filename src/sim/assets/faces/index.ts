/**
 * Face photos for the simulated card's 顔写真 (券面AP DF27): synthetic cartoon portraits, JP2,
 * greyscale. See README.md here for how they are made.
 *
 * The bytes come from the generated faces-data.ts (base64), so this works unchanged in Node
 * and in the browser bundle.
 */
export { SIM_FACE_IDS, SIM_FACE_SIZE, faceJp2, type SimFaceId } from './faces-data';
