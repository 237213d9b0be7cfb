/** Loaders of projects: by id, a window of the project list, by name, and the projects of one user. */
import type { OffsetParams } from '../wexa/api.js';
import type { Page, Project } from '../wexa/model.js';
import { listed, perKeyLoader } from './batch.js';
import { defineLoader, type LoaderRegistry } from './registry.js';

export const projectById = defineLoader('projectById', ({ api, limit }) => perKeyLoader<string, Project>(limit, (id) => api.projects.get(id)));

/** Primes {@link projectById} with listed projects. */
const primeProjects = (loaders: LoaderRegistry) => (items: Project[]) =>
  loaders.prime(projectById, (loader) => items.forEach((p) => loader.prime(p.id, p)));

/** A window of the project list (the API maps it onto upstream page numbers). */
export const projectPage = defineLoader('projectPage', ({ api, limit, loaders }) =>
  perKeyLoader<Required<OffsetParams>, Page<Project>>(
    limit,
    listed((k: Required<OffsetParams>) => api.projects.list({ skip: k.skip, limit: k.limit }), primeProjects(loaders)),
    (k) => `${k.skip}/${k.limit}`,
  ),
);

export const projectByName = defineLoader('projectByName', ({ api, limit }) => perKeyLoader<string, Project>(limit, (name) => api.projects.getByName(name)));

/** The projects of one user (`/v1/project/all`). */
export const userProjects = defineLoader('userProjects', ({ api, limit }) =>
  perKeyLoader<string, Page<Project>>(limit, (userId) => api.projects.listForUser(userId)),
);
