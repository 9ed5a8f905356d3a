import { useEffect, useRef } from "preact/hooks";
import { echarts, type EChartsOption } from "../echarts.ts";

/** One ECharts canvas. Animation is off: a report is read, not watched, and it opens faster. */
export function Chart({
  option,
  height = 320,
  label,
}: {
  option: EChartsOption;
  height?: number;
  label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const chart = echarts.init(element, undefined, { renderer: "canvas" });
    chart.setOption({ animation: false, ...option });
    const resize = () => {
      if (element.clientWidth > 0 && element.clientHeight > 0) chart.resize();
    };
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      chart.dispose();
    };
  }, [option]);
  return (
    <div
      class="chart"
      data-chart={label}
      role="img"
      aria-label={label}
      ref={ref}
      style={{ height: `${height}px` }}
    />
  );
}
