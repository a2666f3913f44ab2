// retold's only script: small, vanilla, loaded from /static (the CSP forbids inline code).
// It never writes untrusted strings as HTML: it only toggles classes on existing elements.
(function () {
  "use strict";

  // Point at (or focus) a mutation / statement in a list: light up its spans in the text.
  function linkListToText(listSelector) {
    document.querySelectorAll(listSelector + " li[data-ref]").forEach(function (item) {
      var ref = item.getAttribute("data-ref");
      function marks() {
        return Array.prototype.filter.call(document.querySelectorAll("mark[data-refs]"),
          function (m) { return m.getAttribute("data-refs").split(" ").indexOf(ref) >= 0; });
      }
      function light() {
        var found = marks();
        found.forEach(function (m) { m.classList.add("lit"); });
        return found;
      }
      // Keyboard focus brings the first span into view; a pointer does not: scrolling
      // the page under a resting pointer moved the item away from it, whose mouseleave
      // then put the light out again (or lit whatever text slid under the pointer).
      function focused() {
        var found = light();
        if (found.length) {
          found[0].scrollIntoView({ block: "nearest", behavior: "smooth" });
        }
      }
      function off() { marks().forEach(function (m) { m.classList.remove("lit"); }); }
      item.addEventListener("mouseenter", light);
      item.addEventListener("focus", focused);
      item.addEventListener("mouseleave", off);
      item.addEventListener("blur", off);
    });
  }

  // Hovering a highlighted fragment lights up every fragment of the same statement.
  function linkFragments() {
    document.querySelectorAll("mark[data-refs]").forEach(function (mark) {
      var refs = mark.getAttribute("data-refs").split(" ");
      function peers() {
        return Array.prototype.filter.call(document.querySelectorAll("mark[data-refs]"),
          function (m) {
            var other = m.getAttribute("data-refs").split(" ");
            return refs.some(function (r) { return other.indexOf(r) >= 0; });
          });
      }
      mark.addEventListener("mouseenter", function () {
        peers().forEach(function (m) { m.classList.add("lit"); });
      });
      mark.addEventListener("mouseleave", function () {
        peers().forEach(function (m) { m.classList.remove("lit"); });
      });
    });
  }

  // Hovering an edge in the lineage graph dims the others.
  function graphHover() {
    var svg = document.getElementById("lineage-graph");
    if (!svg) { return; }
    svg.querySelectorAll("g.edge").forEach(function (edge) {
      edge.addEventListener("mouseenter", function () { svg.classList.add("focus"); edge.classList.add("on"); });
      edge.addEventListener("mouseleave", function () { svg.classList.remove("focus"); edge.classList.remove("on"); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    linkListToText("#mutation-list");
    linkListToText("ol.statements");
    linkFragments();
    graphHover();
  });
})();
