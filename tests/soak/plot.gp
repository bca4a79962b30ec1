# The soak's plot: gnuplot -c plot.gp SAMPLES.TSV WINDOWS.TSV OUT.PNG TITLE
# (the files tests/soak/trend.py writes).  One panel per figure, minutes of
# load on the x axis.
set terminal pngcairo size 1000,1100 font ",10"
set output ARG3
set multiplot layout 5,1 title ARG4
set grid
set key left top
set xrange [0:*]
set yrange [0:*]
set lmargin 10
set ylabel "MB"
plot ARG1 using 1:2 with linespoints pt 7 ps 0.4 title "ipcamd RSS", \
     ARG1 using 1:6 with lines title "kernel slab"
set ylabel "fds"
plot ARG1 using 1:3 with linespoints pt 7 ps 0.4 title "ipcamd open files"
set ylabel "threads"
plot ARG1 using 1:4 with linespoints pt 7 ps 0.4 title "ipcamd threads"
set ylabel "% of a CPU"
plot ARG1 using 1:5 with linespoints pt 7 ps 0.4 title "ipcamd CPU"
set ylabel "fps"
set xlabel "minutes"
plot ARG2 using 1:2 with linespoints pt 7 ps 0.4 title "slowest of 80 viewers at 10 fps", \
     ARG2 using 1:3 with linespoints pt 7 ps 0.4 title "slowest of 20 viewers at 5 fps"
unset multiplot
