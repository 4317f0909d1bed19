/** The operations part of the attack catalog (test/e2e/attack-catalog/catalog-parts.ts). */
import { catalogPart } from './attack-catalog/catalog-parts.js';
import { describeCatalogPart } from './attack-catalog/run-catalog.js';

const part = catalogPart('operations');
describeCatalogPart(part.name, part.checks, part.select);
