"use strict";
// A cell's data-sort (raw number or ISO date) beats its text, which is formatted for reading.
(function () {
  function key(row, index) {
    const cell = row.cells[index];
    if (!cell) return "";
    return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
  }

  function compare(a, b) {
    // Blanks sort last whichever way the column is sorted, so they are handled by the caller.
    const x = Number(a);
    const y = Number(b);
    if (a !== "" && b !== "" && Number.isFinite(x) && Number.isFinite(y)) return x - y;
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }

  function sortBy(table, th, index) {
    const ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("thead th").forEach(function (other) {
      other.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    rows.sort(function (r1, r2) {
      const a = key(r1, index);
      const b = key(r2, index);
      if (a === "" || b === "") return (a === "") - (b === "");
      return ascending ? compare(a, b) : compare(b, a);
    });
    body.append.apply(body, rows);
  }

  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (th, index) {
      th.tabIndex = 0;
      th.addEventListener("click", function () {
        sortBy(table, th, index);
      });
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sortBy(table, th, index);
        }
      });
    });
  });

  const data = document.getElementById("report-figures");
  const root = document.documentElement;
  if (!data || typeof Plotly === "undefined") {
    root.dataset.chartsRendered = "0";
    return;
  }
  const figures = JSON.parse(data.textContent);
  // The "Share chart" button would upload the figure to Plotly Cloud: this page never uploads.
  const config = {
    displaylogo: false,
    responsive: true,
    showSendToCloud: false,
    plotlyServerURL: "",
  };
  const drawn = Object.keys(figures).map(function (id) {
    return Plotly.newPlot(id, figures[id].data, figures[id].layout, config);
  });
  Promise.all(drawn).then(
    function () {
      root.dataset.chartsRendered = String(drawn.length);
    },
    function (error) {
      root.dataset.chartsRendered = "failed";
      throw error;
    }
  );
})();
