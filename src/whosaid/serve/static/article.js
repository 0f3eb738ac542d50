// Brings the quote a link pointed at into view, and ties each quote's fragments together on hover.
(function () {
  "use strict";
  var focused = document.querySelector("mark.quote.focus");
  if (focused) focused.scrollIntoView({ block: "center" });
  var listItem = document.querySelector(".quote-list li.focus");
  if (listItem) listItem.scrollIntoView({ block: "nearest" });

  function fragments(position) {
    return document.querySelectorAll('mark.quote[data-quote="' + position + '"]');
  }
  document.querySelectorAll("mark.quote").forEach(function (mark) {
    mark.addEventListener("mouseenter", function () {
      fragments(mark.dataset.quote).forEach(function (m) { m.classList.add("hover"); });
    });
    mark.addEventListener("mouseleave", function () {
      fragments(mark.dataset.quote).forEach(function (m) { m.classList.remove("hover"); });
    });
  });
})();
