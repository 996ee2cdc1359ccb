/* Draws the dashboard's charts from the JSON the page carries (json_script "stats-data").
   Every bar, point and funnel step opens the list behind it. */
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    var source = document.getElementById("stats-data");
    if (!source || typeof echarts === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var narrow = window.matchMedia("(max-width: 640px)").matches;
    var charts = [];
    var colours = ["#0b5cad", "#c62828", "#2e7d32", "#b26a00", "#6a1b9a"];
    /* One colour per measure on every chart: 接收预警 blue, 发案数 red, whichever chart and order. */
    var measureColour = { alerts: "#0b5cad", cases: "#c62828" };
    function bars(rows, key) {
      return { name: data.labels[key], type: "bar", itemStyle: { color: measureColour[key] },
               data: rows.map(function (r) { return r[key]; }) };
    }

    function chart(id, option, onClick) {
      var el = document.getElementById(id);
      if (!el) { return; }
      var c = echarts.init(el, null, { renderer: "canvas" });
      option.color = colours;
      option.textStyle = { fontFamily: "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif" };
      option.animation = false;
      c.setOption(option);
      if (onClick) { c.on("click", onClick); }
      charts.push(c);
    }
    function go(link) { if (link) { window.location.href = link; } }

    var counts = data.trend.series.filter(function (s) { return s.unit === "count"; });
    var rates = data.trend.series.filter(function (s) { return s.unit === "percent"; });
    var money = data.trend.series.filter(function (s) { return s.unit === "money"; });
    var trendSeries = counts.map(function (s) {
      return { name: s.name, type: "line", smooth: true, data: s.values, yAxisIndex: 0 };
    }).concat(money.map(function (s) {
      return { name: s.name, type: "bar", data: s.values, yAxisIndex: 1, barMaxWidth: 18, itemStyle: { opacity: 0.45 } };
    })).concat(rates.map(function (s) {
      return { name: s.name + "(%)", type: "line", data: s.values, yAxisIndex: 2, lineStyle: { type: "dashed" } };
    }));
    chart("chart-trend", {
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 48, right: 64, top: 40, bottom: 28 },
      xAxis: { type: "category", data: data.trend.months },
      yAxis: [
        { type: "value", minInterval: 1 },
        { type: "value", splitLine: { show: false }, axisLabel: { formatter: function (v) { return v >= 10000 ? (v / 10000) + "万" : v; } } },
        { type: "value", min: 0, max: 100, show: false }
      ],
      series: trendSeries
    });

    var towns = data.townships;
    chart("chart-townships", {
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: towns.map(function (t) { return t.name; }),
               axisLabel: { interval: 0, rotate: towns.length > 6 || narrow ? 40 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [bars(towns, "alerts"), bars(towns, "cases")]
    }, function (p) { go(towns[p.dataIndex] && towns[p.dataIndex].link); });

    /* Every type the table below lists, the largest at the top; the chart grows with the list. */
    var types = data.fraud_types.slice().reverse();
    var typeChart = document.getElementById("chart-types");
    if (typeChart && types.length > 8) { typeChart.style.height = (types.length * 30 + 60) + "px"; }
    chart("chart-types", {
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      yAxis: { type: "category", data: types.map(function (t) { return t.name; }) },
      xAxis: { type: "value", minInterval: 1 },
      series: [bars(types, "alerts"), bars(types, "cases")]
    }, function (p) { go(types[p.dataIndex] && types[p.dataIndex].link); });

    var steps = data.funnel;
    chart("chart-funnel", {
      tooltip: { trigger: "item", formatter: "{b}: {c}", renderMode: "richText" },
      series: [{
        type: "funnel", sort: "none", left: "8%", width: "84%", top: 8, bottom: 8, minSize: "12%",
        label: { position: "inside", formatter: "{b} {c}", color: "#fff" },
        data: steps.map(function (s) { return { name: s.name, value: s.value }; })
      }]
    }, function (p) { go(steps[p.dataIndex] && steps[p.dataIndex].link); });

    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  });
})();
