// The cockpit's charts: each <div data-chart="ID"> is drawn from the JSON in <script id="ID"
// type="application/json"> (Django's json_script), a plain spec {kind, ...} made by workspace/cockpit.py.
// The same numbers are in a table beside each chart, so nothing is lost where this does not run.
(function () {
  "use strict";

  var PALETTE = ["#1f5fa8", "#c0392b", "#2e8b57", "#d68910", "#7d3c98", "#138d90", "#a04000", "#566573"];
  var TEXT = { fontFamily: "system-ui, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif" };
  // Below this width (a phone) labels that would overlap are left to the tooltip.
  var NARROW = 600;
  var MONEY = new Intl.NumberFormat("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  function narrow(box) { return box.clientWidth < NARROW; }
  // Amounts as the tables print them: two decimals, thousands separated ("39,658.80").
  function money(value) { return MONEY.format(value); }

  function radar(spec) {
    return {
      color: [PALETTE[0], PALETTE[1]],
      textStyle: TEXT,
      legend: { bottom: 0, data: spec.series.map(function (s) { return s.name; }) },
      tooltip: { trigger: "item" },
      radar: {
        radius: "66%",
        center: ["50%", "48%"],
        indicator: spec.indicators.map(function (name) { return { name: name, max: spec.max }; }),
        splitNumber: 4,
        axisName: { color: "#1f2328", fontSize: 11 },
        splitLine: { lineStyle: { color: "#d8dee4" } },
        splitArea: { areaStyle: { color: ["#ffffff", "#f6f8fa"] } },
        // Every ring is 25 points (the caption says so): a scale printed on all five spokes crowds the values.
        axisLabel: { show: false }
      },
      series: [{
        type: "radar",
        data: spec.series.map(function (s, i) {
          return {
            name: s.name,
            value: s.values,
            symbolSize: 4,
            label: { show: i === 0, fontSize: 10, formatter: function (p) { return p.value.toFixed(1); } },
            lineStyle: i === 1 ? { type: "dashed", width: 2 } : { width: 2 },
            areaStyle: i === 0 ? { opacity: 0.2 } : undefined
          };
        })
      }]
    };
  }

  function graph(spec, box) {
    var small = narrow(box);
    return {
      textStyle: TEXT,
      tooltip: {},
      series: [{
        type: "graph",
        layout: "force",
        roam: true,
        draggable: true,
        force: { repulsion: 160, edgeLength: [40, 120] },
        // On a phone the names crowd each other: they show when a department is touched or hovered.
        label: { show: !small, position: "right", fontSize: small ? 10 : 11 },
        emphasis: { focus: "adjacency", label: { show: true } },
        data: spec.nodes.map(function (n) {
          var colour = n.community < 0 ? "#8c959f" : PALETTE[n.community % PALETTE.length];
          return {
            id: n.id, name: n.name, symbolSize: 10 + Math.min(n.degree, 10) * 2,
            itemStyle: n.silo ? { color: "#ffffff", borderColor: colour, borderWidth: 2 } : { color: colour }
          };
        }),
        links: spec.links.map(function (l) {
          return { source: l.source, target: l.target, value: l.value,
                   lineStyle: { width: 1 + Math.min(l.value, 4), opacity: 0.6 } };
        })
      }]
    };
  }

  function axes(spec, type) {
    return {
      color: PALETTE,
      textStyle: TEXT,
      tooltip: { trigger: "axis" },
      legend: spec.legend ? { top: 0, data: spec.series.map(function (s) { return s.name; }) } : undefined,
      grid: { left: 48, right: 16, top: spec.legend ? 32 : 24, bottom: type === "bar" ? 72 : 32, containLabel: false },
      xAxis: { type: "category", data: spec.x, axisLabel: { rotate: type === "bar" ? 30 : 0, fontSize: 10 } },
      yAxis: { type: "value", scale: !!spec.scale, splitLine: { lineStyle: { color: "#d8dee4" } } },
      series: spec.series.map(function (s) {
        return { type: type, name: s.name, data: s.values, connectNulls: true, showSymbol: spec.labels !== false,
                 label: { show: spec.labels !== false, position: "top", fontSize: 10 } };
      })
    };
  }

  // Amounts by department: horizontal bars, so every department's name is written out in full; the amount
  // beside each bar where there is room, in the tooltip on a phone.
  function bars(spec, box) {
    var small = narrow(box);
    return {
      color: PALETTE,
      textStyle: TEXT,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: money },
      grid: { left: 8, right: small ? 16 : 96, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", splitLine: { lineStyle: { color: "#d8dee4" } },
               axisLabel: { fontSize: 10, hideOverlap: true } },
      yAxis: { type: "category", data: spec.x, inverse: true,
               axisLabel: { fontSize: small ? 10 : 11, width: small ? 96 : 180, overflow: "break" } },
      series: spec.series.map(function (s) {
        return { type: "bar", name: s.name, data: s.values, barMaxWidth: 22,
                 label: { show: !small, position: "right", fontSize: 10,
                          formatter: function (p) { return money(p.value); } } };
      })
    };
  }

  var BUILDERS = {
    radar: radar,
    graph: graph,
    line: function (spec) { return axes(spec, "line"); },
    bar: bars
  };

  // A bar chart is as tall as its departments need.
  function fit(box, spec) {
    if (spec.kind === "bar") {
      box.style.height = Math.max(288, spec.x.length * 30 + 40) + "px";
    }
  }

  function draw() {
    if (!window.echarts) { return; }
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (box) {
      var source = document.getElementById(box.getAttribute("data-chart"));
      if (!source) { return; }
      var spec = JSON.parse(source.textContent);
      fit(box, spec);
      var chart = window.echarts.init(box, null, { renderer: "svg" });
      chart.setOption(BUILDERS[spec.kind](spec, box));
      charts.push({ chart: chart, box: box, spec: spec });
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (c) {
        c.chart.resize();
        c.chart.setOption(BUILDERS[c.spec.kind](c.spec, c.box));
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
}());
