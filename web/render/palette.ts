/**
 * Service colours: Tableau's ten (d3.schemeTableau10), chosen for telling
 * categories apart, colour-blind viewers included as far as ten colours go.
 * A service keeps its colour over a run (model/cluster.ts colours). Colour
 * never carries the state: chips say it by shape and label.
 */
import { schemeTableau10 } from 'd3';

export function serviceColour(index: number): string {
  return schemeTableau10[((index % schemeTableau10.length) + schemeTableau10.length) % schemeTableau10.length];
}
