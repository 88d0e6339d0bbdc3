# Fixture: arguments with an embedded double quote given to native programs, which Windows
# PowerShell 5.1 passes unescaped (Compat.NativeArgumentQuote); and forms that must not be reported.
param ($Exe, $Name, $Path, $Account)

sc.exe create $Name binPath= "`"$Exe`" --service"  # expect: Compat.NativeArgumentQuote
icacls.exe $Path /grant 'Users:"F"'  # expect: Compat.NativeArgumentQuote
icacls $Path /grant "`"$Account`":F"  # expect: Compat.NativeArgumentQuote
netsh advfirewall firewall add rule "name=""PgCluster 5432"""  # expect: Compat.NativeArgumentQuote
cmd /c 'echo "hi"'  # expect: Compat.NativeArgumentQuote
takeown /f "`"$Path`""  # expect: Compat.NativeArgumentQuote
secedit.exe /configure /cfg ('"{0}"' -f $Path)  # expect: Compat.NativeArgumentQuote
regsvr32.exe /s "/i:`"$Name`"" $Path  # expect: Compat.NativeArgumentQuote
powershell.exe -NoProfile -Command "Write-Output `"x`""  # expect: Compat.NativeArgumentQuote
pg_ctl register -N $Name -o "-p `"5433`""  # expect: Compat.NativeArgumentQuote
pg_ctl -D:"C:\data`"dir"  # expect: Compat.NativeArgumentQuote
& 'C:\Program Files\PostgreSQL\16\bin\pg_ctl.exe' register -N $Name -D "`"$Path`""  # expect: Compat.NativeArgumentQuote
$script = @"
say "hi"
"@
& ./tools/helper -x $script  # expect: Compat.NativeArgumentQuote

function Set-PgFixtureService {
    param ($ServiceName, $HostPath)

    # Quotes that reach the program through variables, arrays and splatting.
    $binPath = '"' + $HostPath + '" --service'
    sc.exe config $ServiceName binPath= $binPath  # expect: Compat.NativeArgumentQuote
    $arguments = @('config', $ServiceName, 'binPath=', $binPath)
    sc.exe @arguments  # expect: Compat.NativeArgumentQuote
    Invoke-PgNative -FilePath 'sc.exe' -ArgumentList $arguments  # expect: Compat.NativeArgumentQuote
    Invoke-PgNative -FilePath 'sc.exe' -ArgumentList @('config', $ServiceName, 'DisplayName=', '"PgCluster"')  # expect: Compat.NativeArgumentQuote
    $commandLine = Join-PgCommandLine -Argument @($HostPath, '--service')
    Invoke-PgNative -FilePath 'sc.exe' -ArgumentList @('config', $ServiceName, 'binPath=', $commandLine)  # expect: Compat.NativeArgumentQuote
    $list = @('status')
    $list += "--name=`"$ServiceName`""
    Invoke-PgNodeTool -Tool 'mc_ctl' -ArgumentList $list  # expect: Compat.NativeArgumentQuote
    $display = if ($ServiceName) { "`"$ServiceName`"" } else { 'none' }
    Invoke-PgNative -FilePath 'sc.exe' -ArgumentList ('description', $ServiceName, $display)  # expect: Compat.NativeArgumentQuote
}

function Get-PgFixtureService {
    param ($ServiceName, $HostPath)

    # Not reported: no embedded quote reaches the program.
    sc.exe create $ServiceName binPath= $HostPath start= demand
    cmd /c "echo hi"
    icacls.exe $HostPath /grant "${ServiceName}:F" '*S-1-5-18:F'
    $clean = "C:\Program Files\PgCluster\$ServiceName"
    sc.exe config $ServiceName binPath= $clean
    Invoke-PgNative -FilePath 'sc.exe' -ArgumentList @('query', $ServiceName)
    $filter = "Name='$($ServiceName -replace '"', '')'"
    Invoke-PgNative -FilePath 'wmic.exe' -ArgumentList @('service', 'where', $filter)
    # Cmdlets and functions take quotes as data.
    Write-Output -InputObject "say `"hi`""
    Set-Content -Path $HostPath -Value '"quoted"'
    # Start-Process joins its arguments without quoting in every version: quotes are the way there.
    Start-Process -FilePath 'sc.exe' -ArgumentList 'config', $ServiceName, "binPath= `"$HostPath`""
    # A program held in a variable is unknown to the rule.
    & $HostPath "a`"b"
    # An assignment in another function does not leak here.
    $binPath = $HostPath
    sc.exe config $ServiceName binPath= $binPath
}

function Register-PgFixtureTask {
    param ($Exe, $Name, $Path)

    # Quotes that come from the right of -f, -join and -replace, and wrapper calls written other ways.
    schtasks.exe /create /tn $Name /tr ('{0} --run' -f "`"$Exe`"")  # expect: Compat.NativeArgumentQuote
    setx.exe PGCLUSTER_PATHS (@($Exe, $Path) -join '";"')  # expect: Compat.NativeArgumentQuote
    cmd /c ($Path -replace '^(.*)$', '"$1"')  # expect: Compat.NativeArgumentQuote
    Invoke-PgNative 'sc.exe' @('config', $Name, 'DisplayName=', '"PgCluster"')  # expect: Compat.NativeArgumentQuote
    Invoke-PgNative -FilePath 'sc.exe' @('config', $Name, 'DisplayName=', '"PgCluster"')  # expect: Compat.NativeArgumentQuote
    Invoke-PgNative -FilePath 'sc.exe' -Arg @('config', $Name, 'DisplayName=', '"PgCluster"')  # expect: Compat.NativeArgumentQuote
    $call = @{ FilePath = 'sc.exe'; ArgumentList = @('config', $Name, 'binPath=', "`"$Exe`"") }
    Invoke-PgNative @call  # expect: Compat.NativeArgumentQuote
}

function Test-PgFixtureTask {
    param ($Name, $Path)

    # Not reported: the quote is in the pattern of -replace, in -Environment (named, or third
    # positional), or in a splatted hashtable under a key other than ArgumentList.
    cmd /c ($Path -replace '"', '')
    Invoke-PgNative -FilePath 'node.exe' -ArgumentList @('tool.js') -Environment @{ PGOPTIONS = '-c search_path="a b"' }
    Invoke-PgNative 'node.exe' @('tool.js') @{ PGOPTIONS = '-c search_path="a b"' }
    $quiet = @{ FilePath = 'sc.exe'; ArgumentList = @('query', $Name); Environment = @{ PGOPTIONS = '"x"' } }
    Invoke-PgNative @quiet
}

function Test-PgFixtureScope {
    param ($Name)

    # Not reported: a value assigned only after the call, or in a function defined inside this one
    # (which has variables of its own).
    sc.exe query $state
    $state = "`"$Name`""
    function Get-PgFixtureInner {
        $target = "`"inner`""
        $target
    }
    $target = $Name
    sc.exe query $target
}

# Not reported: at script level, the assignments inside the functions above do not count.
sc.exe config $Name binPath= $binPath
Invoke-PgNative -FilePath 'sc.exe' -ArgumentList $list
