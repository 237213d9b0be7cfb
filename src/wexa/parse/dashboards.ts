/** Parser for a project's dashboard: tabs, components, and each component's layout joined from `position[]`. */
import type { Dashboard, DashboardComponent, DashboardLayout, DashboardTab } from '../model.js';
import { FieldReader, type ItemParser } from './common.js';
import { taskGroupsOf } from './task-groups.js';

const tabParser: ItemParser<DashboardTab> = (value, path, ctx) => {
  const r = FieldReader.of(value, path, ctx);
  return { id: r.str(['id', '_id', 'tab_id']), name: r.optStr('name') ?? '' };
};

/** One `position[]` entry: its component id (`i`) and the grid layout. */
const positionParser: ItemParser<{ componentId: string; layout: DashboardLayout }> = (value, path, ctx) => {
  const r = FieldReader.of(value, path, ctx);
  return {
    componentId: r.str(['i', 'component_id']),
    layout: { x: r.numReq('x'), y: r.numReq('y'), w: r.numReq('w'), h: r.numReq('h'), minW: r.num('minW'), minH: r.num('minH') },
  };
};

/** `taskManager`, spelled as the upstream may. */
const isTaskManager = (type: string) => /^task.?manager$/i.test(type);

function componentParser(layouts: ReadonlyMap<string, DashboardLayout>): ItemParser<DashboardComponent> {
  return (value, path, ctx) => {
    const r = FieldReader.of(value, path, ctx);
    const id = r.str(['component_id', '_id', 'id']);
    const type = r.str(['component_type', 'type']);
    const data = r.any('data') ?? null;
    return {
      id,
      tabId: r.optStr('tab_id'),
      type,
      title: r.optStr('title'),
      subtitle: r.optStr(['subTitle', 'subtitle', 'sub_title']),
      icon: r.optStr('icon'),
      agentflowId: r.optStr(['coworker_id', 'agentflow_id']),
      layout: layouts.get(id) ?? null,
      data,
      taskGroups: isTaskManager(type) ? taskGroupsOf(data) : null,
      query: r.any('query') ?? null,
      extra: r.extra(),
    };
  };
}

/** Parses a dashboard; `fallbackProjectId` is used when the upstream omits `project_id`. */
export function dashboardParser(fallbackProjectId?: string): ItemParser<Dashboard> {
  return (value, path, ctx) => {
    const r = FieldReader.of(value, path, ctx);
    const layouts = new Map(r.list('position', positionParser).map((p) => [p.componentId, p.layout]));
    return {
      id: r.str(['_id', 'id']),
      projectId: r.strOr(['project_id', 'projectID', 'projectId'], fallbackProjectId),
      name: r.str('name'),
      description: r.optStr('description'),
      agentflowId: r.optStr(['coworker_id', 'agentflow_id']),
      tabs: r.list('tabs', tabParser),
      components: r.list('components', componentParser(layouts)),
      extra: r.extra(),
    };
  };
}
