# The Littlest JupyterHub: each student's notebooks import the helpers of their own copy of the course
# (~/imgsim-course, where the hub link puts it), not a shared install. Install it with
#   sudo cp docs/hub/tljh-course.py /opt/tljh/config/jupyterhub_config.d/ && sudo tljh-config reload
# TLJH gives each student the Unix user jupyter-<name> and the home /home/jupyter-<name> (a very long
# name is shortened: then write that home here). On paper only: see docs/instructor.md.
c = get_config()  # noqa: F821 (JupyterHub provides get_config)
c.Spawner.environment.update(
    {"PYTHONPATH": lambda spawner: f"/home/jupyter-{spawner.user.name}/imgsim-course"})
