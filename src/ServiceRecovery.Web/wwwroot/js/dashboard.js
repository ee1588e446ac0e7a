// Draws the dashboard's charts from the JSON block the page renders (never executed: the CSP allows only this
// origin's script files). Every number drawn here is also in a table on the page.
(function () {
    'use strict';
    var source = document.getElementById('dashboard-data');
    if (!source || typeof Chart === 'undefined') {
        return;
    }

    var data = JSON.parse(source.textContent);
    var reduced = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    Chart.defaults.animation = reduced ? false : Chart.defaults.animation;
    Chart.defaults.maintainAspectRatio = false;

    function draw(id, type, labels, label, values, color, options) {
        var canvas = document.getElementById(id);
        if (!canvas) {
            return;
        }

        new Chart(canvas, {
            type: type,
            data: { labels: labels, datasets: [{ label: label, data: values, backgroundColor: color, borderColor: color, spanGaps: true }] },
            options: Object.assign({ plugins: { legend: { display: false }, title: { display: true, text: label } }, scales: { y: { beginAtZero: true } } }, options || {})
        });
    }

    var weeks = data.trend.weeks.map(function (w) { return w.replace(/^\d{4}-/, ''); });
    draw('chart-failures', 'bar', weeks, 'Failures logged', data.trend.failures, '#6c757d');
    draw('chart-wonback', 'line', weeks, 'Won back (%)', data.trend.wonBack, '#198754', { scales: { y: { beginAtZero: true, max: 100 } } });
    draw('chart-apology', 'line', weeks, 'Median minutes to apology', data.trend.minutesToApology, '#0d6efd');
    draw('chart-types', 'bar', data.types.labels, 'Failures by type', data.types.counts, '#dc3545', { indexAxis: 'y' });
}());
