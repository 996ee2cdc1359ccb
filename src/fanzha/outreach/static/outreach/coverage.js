// The township's coverage as a bar chart: share of households reached per village, 30/90/365 days.
(function () {
  "use strict";
  function draw() {
    var el = document.getElementById("coverage-chart");
    var data = document.getElementById("coverage-data");
    if (!el || !data || typeof echarts === "undefined") { return; }
    var figures = JSON.parse(data.textContent);
    var labels = JSON.parse(document.getElementById("coverage-labels").textContent);
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: function (v) { return v + "%"; } },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: "category", data: figures.villages, axisLabel: { interval: 0, rotate: figures.villages.length > 6 ? 40 : 0 } },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: Object.keys(figures.series).map(function (days) {
        return { name: labels[days], type: "bar", data: figures.series[days] };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
