# model: plain data types shared by the stages (linked into libeiticore.a).
libeiticore_a_SOURCES += src/model/model.h src/model/results.h \
	src/model/transfers.h
libeiticore_a_SOURCES += src/model/model.c src/model/streams.c \
	src/model/transfers.c
