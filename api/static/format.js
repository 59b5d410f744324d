// Numbers and dates for people, in the reader's locale (Intl): "1,650,000" holdings,
// "Oct 5, 2026" in the United States, "5 oct. 2026" in France. One home for every page.
(function () {
  "use strict";
  var locale = (navigator.languages && navigator.languages[0]) || navigator.language;

  function number(value, digits) {
    if (value === null || value === undefined || value === "") { return "–"; }
    var d = digits === undefined ? 0 : digits;
    return new Intl.NumberFormat(locale, {minimumFractionDigits: d, maximumFractionDigits: d})
      .format(value);
  }

  function date(iso) {
    if (!iso) { return iso; }
    // A bare YYYY-MM-DD is a calendar day: show that day whatever the reader's time zone.
    var day = /^\d{4}-\d{2}-\d{2}$/.test(iso);
    var when = new Date(day ? iso + "T00:00:00Z" : iso);
    if (isNaN(when)) { return iso; }
    return when.toLocaleDateString(locale, day ? {timeZone: "UTC", year: "numeric",
                                                  month: "short", day: "numeric"}
                                               : {year: "numeric", month: "short",
                                                  day: "numeric"});
  }

  window.graphsvcFormat = {number: number, date: date, locale: locale};
})();
