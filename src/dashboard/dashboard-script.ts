import { COMPONENT_CHARTS_SCRIPT } from './component-charts-script.js';
import { FLEET_SCRIPT } from './fleet/fleet-script.js';

/**
 * The dashboard's script, served as `{basePath}/dashboard/app.js`: polls the state endpoint and
 * updates the page in place (rows keep their focus). Every value from the application is set
 * with textContent, never parsed as HTML. Plain browser JavaScript, no build step.
 */
export const DASHBOARD_SCRIPT = String.raw`'use strict';
(function () {
  var root = document.getElementById('dashboard');
  if (!root) return;
  var stateUrl = root.getAttribute('data-state-url');
  var interval = Math.max(500, Number(root.getAttribute('data-refresh-interval')) || 2000);
  var SYMBOLS = { UP: '\u2714', DOWN: '\u2716', OUT_OF_SERVICE: '\u25A0', UNKNOWN: '?', PENDING: '\u2026' };
  var LABELS = { UP: 'UP', DOWN: 'DOWN', OUT_OF_SERVICE: 'OUT OF SERVICE', UNKNOWN: 'UNKNOWN', PENDING: 'NOT CHECKED YET' };
  var componentRows = new Map();
  var groupRows = new Map();
  var lastTimeline = '';
  var lastSuccess = null;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function statusKey(status) {
    return Object.prototype.hasOwnProperty.call(LABELS, status) ? status : (status === null ? 'PENDING' : 'UNKNOWN');
  }

  /** A status as text and colour: a symbol, the word, and a class the stylesheet colours. */
  function setStatus(node, status) {
    var key = statusKey(status);
    node.className = 'status status-' + key;
    node.textContent = SYMBOLS[key] + ' ' + LABELS[key];
  }

  function statusBadge(status) {
    var node = element('span');
    setStatus(node, status);
    return node;
  }

  function clock(iso) {
    var date = new Date(iso);
    return isNaN(date.getTime()) ? String(iso) : date.toLocaleTimeString();
  }

  function ago(iso, now) {
    var seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
    if (seconds < 60) return seconds + ' s ago';
    if (seconds < 3600) return Math.floor(seconds / 60) + ' min ago';
    if (seconds < 86400) return Math.floor(seconds / 3600) + ' h ago';
    return Math.floor(seconds / 86400) + ' d ago';
  }

  /** Puts a <time> in cell, or a dash when there is no time. */
  function setTime(cell, iso, now) {
    cell.textContent = '';
    if (!iso) {
      cell.textContent = '\u2014';
      return;
    }
    var time = element('time', null, ago(iso, now));
    time.setAttribute('datetime', iso);
    time.title = new Date(iso).toLocaleString();
    cell.appendChild(time);
  }

  /** The row of name in rows (a Map), made with cells columns when new; the row is focusable. */
  function rowFor(rows, body, name, columns) {
    var row = rows.get(name);
    if (!row) {
      row = element('tr');
      row.tabIndex = 0;
      for (var index = 0; index < columns; index++) row.appendChild(element('td'));
      rows.set(name, row);
    }
    body.appendChild(row);
    return row;
  }

  function dropMissing(rows, seen) {
    rows.forEach(function (row, name) {
      if (!seen.has(name)) {
        row.remove();
        rows.delete(name);
      }
    });
  }

  function renderComponents(components, now) {
    var body = document.querySelector('#components tbody');
    var seen = new Set();
    components.forEach(function (component) {
      seen.add(component.name);
      var row = rowFor(componentRows, body, component.name, 7);
      var cells = row.cells;
      var key = statusKey(component.status);
      row.setAttribute('data-name', component.name);
      row.setAttribute('data-status', key);
      row.setAttribute('aria-label', component.name + ': ' + LABELS[key] + (component.reason ? ', ' + component.reason : ''));
      cells[0].className = 'name';
      cells[0].textContent = component.name;
      if (!component.critical) cells[0].appendChild(element('span', 'optional', '(non-critical)'));
      cells[1].textContent = '';
      cells[1].appendChild(statusBadge(component.status));
      setTime(cells[2], component.since, now);
      renderUptime(cells[3], component.uptime);
      renderLatency(cells[4], component);
      setTime(cells[5], component.checkedAt, now);
      cells[6].className = 'reason';
      cells[6].textContent = component.reason || (component.status === null ? 'No result yet.' : '');
    });
    dropMissing(componentRows, seen);
  }

` + COMPONENT_CHARTS_SCRIPT + String.raw`  function renderGroups(groups, now) {
    var body = document.querySelector('#groups tbody');
    var seen = new Set();
    groups.forEach(function (group) {
      seen.add(group.name);
      var row = rowFor(groupRows, body, group.name, 4);
      var cells = row.cells;
      row.setAttribute('data-name', group.name);
      row.setAttribute('data-status', statusKey(group.status));
      cells[0].className = 'name';
      cells[0].textContent = group.name;
      cells[1].textContent = '';
      cells[1].appendChild(statusBadge(group.status));
      setTime(cells[2], group.since, now);
      var members = element('ul', 'members');
      group.components.forEach(function (member) {
        var item = element('li', null, member.name);
        item.appendChild(statusBadge(member.status));
        if (member.reason && member.status !== 'UP') item.title = member.reason;
        members.appendChild(item);
      });
      if (group.components.length === 0) members.appendChild(element('li', 'note', 'no checks'));
      cells[3].textContent = '';
      cells[3].appendChild(members);
    });
    dropMissing(groupRows, seen);
  }

  function renderTimeline(transitions, recorded) {
    document.getElementById('timeline-empty').textContent = recorded
      ? 'No status change recorded yet.'
      : 'The status history is off (history.enabled: false), so changes are not recorded.';
    var signature = JSON.stringify(transitions);
    if (signature === lastTimeline) return;
    lastTimeline = signature;
    var list = document.getElementById('timeline');
    var items = transitions.map(function (transition) {
      var item = element('li');
      item.setAttribute('data-name', transition.name);
      var time = element('time', null, clock(transition.at));
      time.setAttribute('datetime', transition.at);
      item.appendChild(time);
      item.appendChild(element('span', 'name', transition.name));
      item.appendChild(element('span', 'kind', ' ' + transition.kind + ' '));
      if (transition.from) {
        item.appendChild(statusBadge(transition.from));
        item.appendChild(document.createTextNode(' \u2192 '));
      } else {
        item.appendChild(document.createTextNode('first seen '));
      }
      item.appendChild(statusBadge(transition.to));
      if (transition.reason) item.appendChild(element('span', 'reason', transition.reason));
      return item;
    });
    list.replaceChildren.apply(list, items);
    document.getElementById('timeline-empty').hidden = transitions.length > 0;
  }

  function renderSummary(state) {
    var summary = document.getElementById('summary');
    var failing = state.components.filter(function (component) {
      return component.status !== null && component.status !== 'UP';
    }).length;
    var pending = state.components.filter(function (component) { return component.status === null; }).length;
    var parts = [state.components.length + ' components'];
    if (failing > 0) parts.push(failing + ' not UP');
    if (pending > 0) parts.push(pending + ' not checked yet');
    var text = summary.getAttribute('data-text');
    var next = state.status + '|' + state.since + '|' + parts.join('|');
    if (text === next) return;
    summary.setAttribute('data-text', next);
    summary.textContent = 'Overall: ';
    summary.appendChild(statusBadge(state.status));
    summary.appendChild(element('span', null, parts.join(', ')));
    if (state.since) summary.appendChild(element('span', 'note', 'since ' + clock(state.since)));
    if (state.service) {
      document.getElementById('title').textContent = 'Health of ' + state.service;
      document.title = state.status + ' \u2014 ' + state.service + ' health';
    }
  }

  function render(state) {
    var now = Date.now();
    renderSummary(state);
    renderGroups(state.groups, now);
    renderComponents(state.components, now);
    renderTimeline(state.transitions, state.history);
  }

  function showConnection(problem) {
    var connection = document.getElementById('connection');
    root.classList.toggle('stale', Boolean(problem));
    connection.classList.toggle('failing', Boolean(problem));
    var seconds = Math.round(interval / 100) / 10;
    if (problem) {
      var age = lastSuccess ? ' The figures below are from ' + lastSuccess.toLocaleTimeString() + '.' : '';
      connection.textContent = problem + ' Retrying every ' + seconds + ' s.' + age;
    } else {
      connection.textContent = 'Live: updated ' + lastSuccess.toLocaleTimeString() + ', every ' + seconds + ' s.';
    }
  }

  function problemOf(response) {
    if (response.status === 401 || response.status === 403) {
      return 'Not authorized (HTTP ' + response.status + '): your credentials may have expired; reload the page after signing in again.';
    }
    if (response.status === 404) return 'The dashboard is switched off or moved (HTTP 404).';
    return 'The application answered HTTP ' + response.status + '.';
  }

  function poll() {
    fetch(stateUrl, { headers: { Accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) throw new Error(problemOf(response));
        return response.json();
      })
      .then(function (state) {
        lastSuccess = new Date();
        render(state);
        showConnection(null);
      }, function (error) {
        showConnection(error instanceof TypeError ? 'Cannot reach the application.' : error.message);
      })
      .then(schedule);
  }

  var timer = null;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(poll, interval);
  }

  poll();
` + FLEET_SCRIPT + String.raw`})();
`;
