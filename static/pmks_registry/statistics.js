/* Charts of the PMKS statistics page. Data comes from the json_script element; no inline script (CSP). */
(function () {
  "use strict";
  var source = document.getElementById("pmks-chart-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colour = "#0b5394";

  new Chart(document.getElementById("chart-types"), {
    type: "bar",
    data: {
      labels: data.types.labels,
      datasets: [{ label: data.label_clients, data: data.types.values, backgroundColor: colour }]
    },
    options: {
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: function (items) {
              return items[0].label + ". " + data.types.names[items[0].dataIndex];
            }
          }
        }
      },
      scales: { y: { beginAtZero: true } }
    }
  });

  new Chart(document.getElementById("chart-status"), {
    type: "doughnut",
    data: {
      labels: data.status.labels,
      datasets: [{ data: data.status.values, backgroundColor: ["#0b5394", "#6aa84f", "#999999", "#cc0000", "#f1c232"] }]
    },
    options: { plugins: { legend: { position: "bottom" } } }
  });

  new Chart(document.getElementById("chart-months"), {
    type: "line",
    data: {
      labels: data.months.labels,
      datasets: [{ label: data.label_new, data: data.months.values, borderColor: colour, tension: 0.2 }]
    },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } }
  });
})();
