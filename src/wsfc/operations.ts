/**
 * The operations of shared-disk failover: what the PowerShell module carries out with the
 * FailoverClusters cmdlets, one at a time, each tested before it is changed (so every plan can
 * be run again). TypeScript decides the list and its order; PowerShell only acts.
 */

/** Creating the role (manual 000 §3.2, §4.2). */
export type RoleOperation =
  | { kind: 'wsfc.group'; group: string }
  | { kind: 'wsfc.disk'; group: string; disk: string }
  /** An IP Address (IPv4: static or DHCP) or IPv6 Address resource and its private properties. */
  | {
      kind: 'wsfc.ipAddress';
      group: string;
      resource: string;
      resourceType: 'IP Address' | 'IPv6 Address';
      parameters: Record<string, string | number>;
    }
  | { kind: 'wsfc.networkName'; group: string; resource: string; dnsName: string }
  | { kind: 'wsfc.genericService'; group: string; resource: string; serviceName: string }
  /** Preferred owners of the role, in order (Set-ClusterOwnerNode -Group). */
  | { kind: 'wsfc.ownerNodes'; group: string; nodes: string[] }
  /**
   * Set-ClusterResourceDependency: every inner list is one OR group, the groups joined by AND
   * (the only form WSFC supports), e.g. [[disk1], [ip1, ip2]] = "[disk1] and ([ip1] or [ip2])".
   */
  | { kind: 'wsfc.dependency'; resource: string; dependsOn: string[][] };

/** Acting on a role that exists: stop, start, move, remove, maintenance, checks. */
export type RoleActionOperation =
  | { kind: 'wsfc.groupStop'; group: string }
  | { kind: 'wsfc.groupStart'; group: string }
  /** Move-ClusterGroup; node null = the best possible node, as Failover Cluster Manager offers. */
  | { kind: 'wsfc.groupMove'; group: string; node: string | null }
  | { kind: 'wsfc.groupRemove'; group: string }
  | { kind: 'wsfc.resourceRemove'; group: string; resource: string }
  /** A disk goes back to Available Storage: it stays in the cluster, its data untouched. */
  | { kind: 'wsfc.diskRelease'; group: string; disk: string; toGroup: string }
  | { kind: 'wsfc.resourceStart'; resource: string }
  /** Stop-/Start-ClusterNode: the Cluster service of one node. */
  | { kind: 'wsfc.nodeStop'; node: string }
  | { kind: 'wsfc.nodeStart'; node: string }
  /** A client connection through the access point (pgcluster probe). */
  | { kind: 'wsfc.probe'; group: string; host: string; port: number; expectNode: string | null }
  /** What the administrator does next; printed, never executed. */
  | { kind: 'wsfc.manual'; text: string };

export type ClusterOperation = RoleOperation | RoleActionOperation;
