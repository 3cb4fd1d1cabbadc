/* Occupancy history of one shelter: people over time against its capacity. */
(function () {
  "use strict";
  var canvas = document.getElementById("occupancy-chart");
  if (!canvas || typeof Chart === "undefined") { return; }
  var data = JSON.parse(document.getElementById("occupancy-data").textContent);
  var chart = new Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.labelPeople, data: data.totals, borderColor: "#0b4f8a", backgroundColor: "rgba(11,79,138,.15)",
          fill: true, tension: 0.2, pointRadius: 3 },
        { label: data.labelCapacity, data: data.labels.map(function () { return data.capacity; }),
          borderColor: "#b3261e", borderDash: [6, 4], pointRadius: 0, fill: false },
      ],
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      locale: "id-ID",
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom" } },
    },
  });
  canvas.dataset.points = String(chart.data.datasets[0].data.length);
})();
