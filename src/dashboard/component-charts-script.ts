/**
 * The uptime and latency cells of the dashboard's component rows, placed inside its script (it
 * uses its helper `statusKey`): the share of time UP as text, and the latest executions as an
 * inline SVG line drawn here, so the page loads nothing from elsewhere and stays under its CSP.
 */
export const COMPONENT_CHARTS_SCRIPT = String.raw`  function renderUptime(cell, uptime) {
    cell.className = 'number uptime';
    if (!uptime || uptime.share === null) {
      cell.textContent = '\u2014';
      cell.removeAttribute('title');
      return;
    }
    var percent = Math.floor(uptime.share * 1000) / 10;
    cell.textContent = percent + ' %';
    cell.setAttribute('data-share', String(uptime.share));
    cell.title = 'UP ' + percent + ' % of the time since ' + new Date(uptime.since).toLocaleString();
  }

  var SVG = 'http://www.w3.org/2000/svg';
  var CHART = { width: 120, height: 28, pad: 2 };

  /** The latest duration as text, and the recent executions as a line (one dot per failed run), drawn as inline SVG. */
  function renderLatency(cell, component) {
    cell.className = 'number latency';
    var executions = component.executions || [];
    var signature = executions.length ? executions[executions.length - 1].at + '|' + executions.length : '';
    if (cell.getAttribute('data-signature') === signature && signature !== '') return;
    cell.setAttribute('data-signature', signature);
    cell.textContent = component.durationMs === null ? '\u2014' : component.durationMs + ' ms';
    if (executions.length === 0) return;
    var most = Math.max(1, Math.max.apply(null, executions.map(function (execution) { return execution.durationMs; })));
    var step = executions.length > 1 ? (CHART.width - 2 * CHART.pad) / (executions.length - 1) : 0;
    var points = executions.map(function (execution, index) {
      var x = CHART.pad + index * step;
      var y = CHART.height - CHART.pad - (execution.durationMs / most) * (CHART.height - 2 * CHART.pad);
      return { x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10, execution: execution };
    });
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'latency-chart');
    svg.setAttribute('viewBox', '0 0 ' + CHART.width + ' ' + CHART.height);
    svg.setAttribute('width', String(CHART.width));
    svg.setAttribute('height', String(CHART.height));
    svg.setAttribute('role', 'img');
    var durations = executions.map(function (execution) { return execution.durationMs; });
    svg.setAttribute('aria-label', 'Latency of the last ' + executions.length + ' executions: ' + Math.min.apply(null, durations) + ' to ' + most + ' ms');
    var title = document.createElementNS(SVG, 'title');
    title.textContent = svg.getAttribute('aria-label');
    svg.appendChild(title);
    var line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('class', 'latency-line');
    line.setAttribute('points', points.map(function (point) { return point.x + ',' + point.y; }).join(' '));
    svg.appendChild(line);
    points.forEach(function (point) {
      if (point.execution.status === 'UP' && points.length > 1) return;
      var dot = document.createElementNS(SVG, 'circle');
      dot.setAttribute('class', 'latency-dot status-' + statusKey(point.execution.status));
      dot.setAttribute('cx', String(point.x));
      dot.setAttribute('cy', String(point.y));
      dot.setAttribute('r', '2');
      svg.appendChild(dot);
    });
    cell.appendChild(svg);
  }

`;
