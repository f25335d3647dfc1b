import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import { BUILT_IN_GROUPS, HISTORY_NAME, MANAGEMENT_OPTIONS, MAX_HEALTH_NAME_LENGTH, READINESS_GROUP } from '../management.constants.js';
import type { ResolvedManagementOptions } from '../management.options.js';
import { validateDuration } from '../options/duration.js';
import { resolveTtl } from '../options/ttl.js';
import type { CacheTtl } from '../options/ttl.js';
import type { HealthCheckRegistration } from './health-check.options.js';
import { resolveThreshold } from '../options/threshold.js';
import { ManagementConfigurationError, messages } from '../messages.js';
import type { HealthIndicator } from './health-indicator.interface.js';
import { CheckRunner } from './check-runner.js';

/** A check as the registry holds it: options resolved against the module's defaults. */
export interface RegisteredCheck {
  readonly name: string;
  readonly groups: ReadonlySet<string>;
  readonly timeout: number;
  readonly ttl: CacheTtl;
  readonly critical: boolean;
  /** Milliseconds between background runs; undefined: the check runs when asked. */
  readonly interval: number | undefined;
  readonly check: HealthIndicator['check'];
  /** Group-specific checks that replace `check` when that group is evaluated. */
  readonly groupChecks: ReadonlyMap<string, HealthIndicator['check']>;
  /** What the health+json format calls it; see `HealthCheckOptions.componentType`. */
  readonly componentType: string;
  /** Whether it calls another service; see `HealthCheckOptions.remote`. */
  readonly remote: boolean;
  /** Failed results in a row before it is reported failing; see `HealthCheckOptions.failureThreshold`. */
  readonly failureThreshold: number;
  /** UP results in a row before it is reported UP again; see `HealthCheckOptions.successThreshold`. */
  readonly successThreshold: number;
  /** Where the check came from, for error messages. */
  readonly source: string;
}

const REGISTRATION_KEYS = ['name', 'check', 'groups', 'timeout', 'ttl', 'critical', 'interval', 'groupChecks', 'componentType', 'remote', 'failureThreshold', 'successThreshold'];

/** What a ready-made indicator registered through `checks` or `register()` may need stopped. */
interface StoppableIndicator {
  onModuleDestroy?(): unknown;
}
const CHECK_NAME = new RegExp(`^[A-Za-z0-9][A-Za-z0-9_.:-]{0,${MAX_HEALTH_NAME_LENGTH - 1}}$`);

/**
 * Holds every health check by name and by group. Decorated providers are added at bootstrap;
 * the application can add and remove checks at run time through `register()` and `remove()`.
 */
@Injectable()
export class HealthRegistry implements OnModuleDestroy {
  private readonly checks = new Map<string, RegisteredCheck>();
  /** Indicators that came with registrations (`httpCheck()` and the like); the registry stops them. */
  private readonly indicators = new Map<string, StoppableIndicator>();
  private readonly listeners = new Set<() => void>();
  private readonly removalListeners = new Set<(check: RegisteredCheck) => void>();
  private readonly groupIndex = new Map<string, readonly RegisteredCheck[]>();
  private allChecks: readonly RegisteredCheck[] = [];

  constructor(
    @Inject(MANAGEMENT_OPTIONS) private readonly options: ResolvedManagementOptions,
    private readonly runner: CheckRunner,
  ) {
    for (const registration of options.checks) this.register(registration, 'the checks option');
  }

  /**
   * Adds a check. Throws `ManagementConfigurationError` if the name is taken or an option is invalid.
   * `source` names where it came from in error messages.
   */
  register(registration: HealthCheckRegistration, source = 'HealthRegistry.register()'): RegisteredCheck {
    const check = this.resolve(registration, source);
    const existing = this.checks.get(check.name);
    if (existing) throw new ManagementConfigurationError(messages.duplicateCheck(check.name, existing.source, source));
    if (this.groupIndex.has(check.name)) throw new ManagementConfigurationError(messages.checkNameIsGroup(check.name));
    for (const group of check.groups) {
      if (this.checks.has(group) || group === check.name) throw new ManagementConfigurationError(messages.groupNameIsCheck(group, check.name));
    }
    this.checks.set(check.name, check);
    const indicator = (registration as { indicator?: StoppableIndicator }).indicator;
    if (typeof indicator?.onModuleDestroy === 'function') this.indicators.set(check.name, indicator);
    // Copy-on-write, so an evaluation holding the old arrays is unaffected; O(checks), not a full reindex.
    this.allChecks = [...this.allChecks, check];
    for (const group of check.groups) this.groupIndex.set(group, [...(this.groupIndex.get(group) ?? []), check]);
    this.runner.schedule(check);
    this.changed();
    return check;
  }

  /** Removes the check named `name` (stopping the ready-made indicator it came with); returns whether there was one. */
  remove(name: string): boolean {
    const check = this.checks.get(name);
    if (!check) return false;
    this.checks.delete(name);
    this.runner.forget(check);
    this.indicators.get(name)?.onModuleDestroy?.();
    this.indicators.delete(name);
    this.reindex();
    for (const listener of this.removalListeners) listener(check);
    this.changed();
    return true;
  }

  /**
   * Calls `listener` with each check removed, once it is out of the registry: whatever is kept
   * per check outside the runner (metric series, notifier state) ends here. Returns a function
   * that stops it.
   */
  onRemove(listener: (check: RegisteredCheck) => void): () => void {
    this.removalListeners.add(listener);
    return () => this.removalListeners.delete(listener);
  }

  /** Calls `listener` after every registration and removal; returns a function that stops it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Stops the timers of ready-made indicators registered here (Nest stops those that are providers). */
  onModuleDestroy(): void {
    for (const indicator of this.indicators.values()) indicator.onModuleDestroy?.();
    this.indicators.clear();
  }

  get(name: string): RegisteredCheck | undefined {
    return this.checks.get(name);
  }

  /** Every check, in registration order. */
  all(): readonly RegisteredCheck[] {
    return this.allChecks;
  }

  /** The checks of a group; empty for a group nobody joined. */
  inGroup(group: string): readonly RegisteredCheck[] {
    return this.groupIndex.get(group) ?? [];
  }

  /** Names of every group that has at least one check. */
  groupNames(): string[] {
    return [...this.groupIndex.keys()];
  }

  hasGroup(group: string): boolean {
    return this.groupIndex.has(group);
  }

  private reindex(): void {
    this.allChecks = [...this.checks.values()];
    const index = new Map<string, RegisteredCheck[]>();
    for (const check of this.allChecks) {
      for (const group of check.groups) {
        const members = index.get(group);
        if (members) members.push(check);
        else index.set(group, [check]);
      }
    }
    this.groupIndex.clear();
    for (const [group, members] of index) this.groupIndex.set(group, members);
  }

  private resolve(registration: HealthCheckRegistration, source: string): RegisteredCheck {
    for (const key of Object.keys(registration ?? {})) {
      if (!REGISTRATION_KEYS.includes(key)) throw new ManagementConfigurationError(messages.unknownCheckOption(String(registration.name), key, REGISTRATION_KEYS));
    }
    const { name, check, groups = [READINESS_GROUP], timeout, ttl, critical = true, interval, groupChecks = {} } = registration ?? {};
    const { componentType = 'component', remote = false } = registration ?? {};
    if (typeof name !== 'string' || !CHECK_NAME.test(name)) throw new ManagementConfigurationError(messages.invalidCheckName(name));
    if (BUILT_IN_GROUPS.includes(name)) throw new ManagementConfigurationError(messages.reservedCheckName(name));
    if (name === HISTORY_NAME || (Array.isArray(groups) && groups.includes(HISTORY_NAME))) {
      throw new ManagementConfigurationError(messages.reservedHistoryName(HISTORY_NAME));
    }
    if (typeof check !== 'function') throw new ManagementConfigurationError(messages.missingCheckFunction(name, source));
    if (!Array.isArray(groups) || !groups.every((group) => typeof group === 'string' && CHECK_NAME.test(group))) {
      throw new ManagementConfigurationError(messages.invalidGroups(name, groups));
    }
    if (!Object.values(groupChecks).every((groupCheck) => typeof groupCheck === 'function')) {
      throw new ManagementConfigurationError(messages.missingCheckFunction(name, source));
    }
    if (typeof critical !== 'boolean') throw new ManagementConfigurationError(messages.invalidCritical(name, critical));
    if (typeof remote !== 'boolean') throw new ManagementConfigurationError(messages.invalidCheckFlag(name, 'remote', remote));
    if (typeof componentType !== 'string' || !CHECK_NAME.test(componentType)) {
      throw new ManagementConfigurationError(messages.invalidComponentType(name, componentType));
    }
    const label = `Health check '${name}'`;
    return {
      name,
      groups: new Set(groups.map((group) => (group === 'ping' ? 'liveness' : group))),
      timeout: timeout === undefined ? this.options.timeout : validateDuration(`${label}: 'timeout'`, timeout, false),
      ttl: resolveTtl(`${label}: 'ttl'`, ttl, this.options.ttl),
      critical,
      interval: interval === undefined ? this.options.interval : validateDuration(`${label}: 'interval'`, interval, false),
      check,
      groupChecks: new Map(Object.entries(groupChecks)),
      componentType,
      remote,
      failureThreshold: resolveThreshold(`${label}: 'failureThreshold'`, registration.failureThreshold, this.options.failureThreshold),
      successThreshold: resolveThreshold(`${label}: 'successThreshold'`, registration.successThreshold, this.options.successThreshold),
      source,
    };
  }
}
