/**
 * The fleet part of the dashboard's script, placed inside it (it uses its helpers `element`,
 * `statusBadge`, `setTime` and `problemOf`): polls `{assetBase}fleet` when the page has a fleet
 * section, and draws one table per service. Values are set as text only.
 */
export const FLEET_SCRIPT = String.raw`
  var fleetUrl = root.getAttribute('data-fleet-url');
  var fleetInterval = Math.max(1000, Number(root.getAttribute('data-fleet-refresh-interval')) || 15000);
  var FLEET_LABELS = { SCRAPE_FAILING: 'SCRAPE FAILING', ABSENT: 'ABSENT' };
  var lastFleet = '';

  function fleetBadge(state) {
    if (!Object.prototype.hasOwnProperty.call(FLEET_LABELS, state)) return statusBadge(state);
    return element('span', 'status status-' + state, '\u26A0 ' + FLEET_LABELS[state]);
  }

  function percent(share) {
    return share === null || share === undefined ? '\u2014' : Math.floor(share * 10000) / 100 + ' %';
  }

  function fleetRow(instance, now) {
    var row = element('tr');
    row.tabIndex = 0;
    row.setAttribute('data-instance', instance.instance);
    row.setAttribute('data-state', instance.state);
    row.appendChild(element('td', 'name', instance.instance));
    var state = element('td');
    state.appendChild(fleetBadge(instance.state));
    if (instance.state === 'ABSENT' && instance.lastSeen) state.appendChild(element('span', 'optional', 'last seen ' + new Date(instance.lastSeen).toLocaleString()));
    row.appendChild(state);
    row.appendChild(element('td', 'number', percent(instance.availability)));
    var changed = element('td');
    setTime(changed, instance.lastChange, now);
    row.appendChild(changed);
    var members = element('ul', 'members');
    instance.components.forEach(function (component) {
      var item = element('li', null, component.name);
      item.setAttribute('data-component', component.name);
      item.appendChild(statusBadge(component.status));
      item.title = component.name + ': ' + component.status + ', available ' + percent(component.availability) + ' over 24 h';
      members.appendChild(item);
    });
    if (instance.components.length === 0) members.appendChild(element('li', 'note', instance.state === 'ABSENT' || instance.state === 'SCRAPE_FAILING' ? 'no metrics' : 'no checks'));
    var cell = element('td');
    cell.appendChild(members);
    row.appendChild(cell);
    return row;
  }

  function renderFleet(view) {
    var signature = JSON.stringify(view.services);
    if (signature === lastFleet) return;
    lastFleet = signature;
    var now = Date.now();
    var parts = view.services.map(function (service) {
      var part = element('div', 'fleet-service');
      part.setAttribute('data-job', service.job);
      var missing = service.instances.filter(function (instance) { return instance.state === 'ABSENT' || instance.state === 'SCRAPE_FAILING'; }).length;
      part.appendChild(element('h3', null, service.job + ': ' + service.instances.length + ' instances' + (missing ? ', ' + missing + ' missing' : '')));
      var table = element('table', 'fleet-table');
      var head = element('tr');
      ['Instance', 'Status', 'Available (24 h)', 'Last change', 'Components'].forEach(function (title) {
        var cell = element('th', null, title);
        cell.setAttribute('scope', 'col');
        head.appendChild(cell);
      });
      table.appendChild(element('thead')).appendChild(head);
      var body = table.appendChild(element('tbody'));
      service.instances.forEach(function (instance) { body.appendChild(fleetRow(instance, now)); });
      part.appendChild(table);
      return part;
    });
    if (parts.length === 0) parts.push(element('p', 'note', 'Prometheus knows no instance matching the configured job or selector.'));
    var fleet = document.getElementById('fleet');
    fleet.replaceChildren.apply(fleet, parts);
  }

  function showFleetProblem(problem, takenAt) {
    var line = document.getElementById('fleet-connection');
    line.classList.toggle('failing', Boolean(problem));
    document.getElementById('fleet').classList.toggle('stale', Boolean(problem));
    var seconds = Math.round(fleetInterval / 100) / 10;
    line.textContent = problem ? problem + '. Retrying every ' + seconds + ' s.' : 'As Prometheus saw it at ' + new Date(takenAt).toLocaleTimeString() + ', every ' + seconds + ' s.';
  }

  function pollFleet() {
    fetch(fleetUrl, { headers: { Accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) throw new Error(problemOf(response));
        return response.json();
      })
      .then(function (view) {
        if (!view.reachable) return showFleetProblem(view.error);
        renderFleet(view);
        showFleetProblem(null, view.takenAt);
      }, function (error) {
        showFleetProblem(error instanceof TypeError ? 'Cannot reach the application.' : error.message);
      })
      .then(function () { setTimeout(pollFleet, fleetInterval); });
  }

  if (fleetUrl) pollFleet();
`;
