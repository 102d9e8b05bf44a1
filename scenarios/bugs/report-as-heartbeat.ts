import type { ActorHandle } from '../../core/actors/handle';
import { NameNode, NodeStamp, StorageApi } from '../../core/store';
import type { BugVariant } from './bug-variant';

// Source: a failure detector fed by the wrong message. HDFS keeps the two
// apart: heartbeats every 3 s, dead after 10.5 min, full block reports every
// 6 h. Liveness taken from reports is correct only while reports come faster
// than the dead timeout.

class ReportLivenessNameNode extends NameNode {
  /** Bug: a heartbeat of a known incarnation is dropped ("the block report says it is alive"); only reports keep a node alive. */
  override heartbeat(stamp: NodeStamp, handle: ActorHandle<StorageApi>): void {
    if (this.views.get(stamp.node)?.boot === stamp.boot) return;
    super.heartbeat(stamp, handle);
  }
}

export const reportAsHeartbeat: BugVariant = {
  name: 'report-as-heartbeat',
  description: "the name node keeps a storage node alive on its block reports only, ignoring heartbeats: with reports rarer than the dead timeout, live nodes flap dead",
  source: 'HDFS heartbeat vs block report intervals (dfs.heartbeat.interval 3 s, dfs.blockreport.intervalMsec 6 h, dead after 10.5 min)',
  needs: 'the widened swarm space: block reports rarer than the dead timeout',
  widened: { dimension: 'block-report interval apart from the heartbeat', classic: (d) => ({ blockReportIntervalMs: d.heartbeatIntervalMs * 4 }) },
  classes: { nameNodeClass: ReportLivenessNameNode },
};
