# `cmake --install` and `make package` (CPack, Debian package): the binary, a man page made from
# its --help, the default configuration in /etc/pictor, the systemd unit, and maintainer scripts
# that create the `pictor` user and /var/lib/pictor (packaging/). The debug symbols go into a
# separate -dbgsym package, so the installed binary is stripped.
include(GNUInstallDirs)
# Installing (and CPack) never rebuilds: `make package` builds first, and the package test must
# not relink the binary other tests are running.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

install(TARGETS pictor RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# /etc and /lib/systemd are where Debian looks, whatever the prefix of the binary.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/pictor.toml DESTINATION /etc/pictor)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/pictor.service DESTINATION /lib/systemd/system)
# The viewer and admin console (`make web` builds web/dist): ui.dir's default.
# pictor finds it at <prefix>/share/pictor/ui beside <prefix>/bin. Source maps stay out.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/web/dist/ DESTINATION ${CMAKE_INSTALL_DATADIR}/pictor/ui
        OPTIONAL PATTERN "*.map" EXCLUDE)

# The man page: help2man runs the built binary's --help and --version.
find_program(HELP2MAN help2man)
if(HELP2MAN)
  add_custom_command(
    OUTPUT ${PROJECT_BINARY_DIR}/pictor.1.gz
    COMMAND ${HELP2MAN} --no-info --section=1 --name "image server for IIIF and friends"
            --output=${PROJECT_BINARY_DIR}/pictor.1 $<TARGET_FILE:pictor>
    COMMAND gzip -9nf ${PROJECT_BINARY_DIR}/pictor.1
    DEPENDS pictor
    COMMENT "Writing the man page from pictor --help")
  add_custom_target(pictor_man ALL DEPENDS ${PROJECT_BINARY_DIR}/pictor.1.gz)
  install(FILES ${PROJECT_BINARY_DIR}/pictor.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME pictor)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "pictor maintainers <maintainers@pictor.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "image server: IIIF Image API 3/2 with IIIF Auth 2.0, display, file and preview-cache APIs")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION graphics)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON) # Depends: from the libraries the binary links
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_DEBUGINFO_PACKAGE ON)  # pictor-dbgsym: the symbols split off
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/postinst ${PROJECT_SOURCE_DIR}/packaging/prerm
    ${PROJECT_SOURCE_DIR}/packaging/postrm ${PROJECT_SOURCE_DIR}/packaging/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
