// Homepage banners: advance every 5 s; pause while the pointer or focus is inside.
(function () {
  "use strict";
  var carousel = document.querySelector("[data-carousel]");
  if (!carousel || carousel.children.length < 2) return;
  var paused = false;
  ["mouseenter", "focusin"].forEach(function (e) { carousel.addEventListener(e, function () { paused = true; }); });
  ["mouseleave", "focusout"].forEach(function (e) { carousel.addEventListener(e, function () { paused = false; }); });
  setInterval(function () {
    if (paused || document.hidden) return;
    var width = carousel.clientWidth;
    var atEnd = carousel.scrollLeft + width >= carousel.scrollWidth - 5;
    carousel.scrollTo({ left: atEnd ? 0 : carousel.scrollLeft + width, behavior: "smooth" });
  }, 5000);
})();
