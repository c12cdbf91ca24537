/** The shape of each task state, shared by the chips and the legend. */
import { symbol, symbolCircle, symbolDiamond, symbolSquare, symbolTimes, symbolTriangle, type SymbolType } from 'd3';
import type { StateLook } from '../model/cluster.js';

const TYPES: Record<StateLook['shape'], SymbolType> = {
  triangle: symbolTriangle,
  diamond: symbolDiamond,
  circle: symbolCircle,
  square: symbolSquare,
  cross: symbolTimes,
  ring: symbolCircle,
};

const cache = new Map<string, string>();

export function shapePath(shape: StateLook['shape'], size = 64): string {
  const key = `${shape}:${size}`;
  let d = cache.get(key);
  if (!d) cache.set(key, (d = symbol(TYPES[shape], size)() ?? ''));
  return d;
}
